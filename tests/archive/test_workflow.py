"""The editorial workflow's rules (pure)."""
import pytest

from talkshow_app.archive.kinds import OutputState, OutputType
from talkshow_app.archive.workflow import Action, Blocker, Candidate, WorkflowBlocked, allowed_actions, decide


def candidate(**changes) -> Candidate:
    values = dict(
        state=OutputState.IN_REVIEW, output_type=OutputType.REPORT, submitted_by_id=1, media_url="",
        transcript_url="", has_files=True, images_without_alt=0, has_text=True,
    )
    values.update(changes)
    return Candidate(**values)


def test_another_editor_publishes():
    assert decide(candidate(), Action.PUBLISH, actor_id=2) == OutputState.PUBLISHED


def test_the_submitter_cannot_publish_alone():
    with pytest.raises(WorkflowBlocked) as blocked:
        decide(candidate(), Action.PUBLISH, actor_id=1)
    assert blocked.value.blockers == [Blocker.OWN_SUBMISSION]
    assert decide(candidate(), Action.PUBLISH, actor_id=1, four_eyes=False) == OutputState.PUBLISHED


def test_recordings_need_a_transcript_and_media():
    with pytest.raises(WorkflowBlocked) as blocked:
        decide(candidate(output_type=OutputType.RECORDING, has_files=False), Action.PUBLISH, actor_id=2)
    assert set(blocked.value.blockers) == {Blocker.RECORDING_WITHOUT_TRANSCRIPT, Blocker.RECORDING_WITHOUT_MEDIA}
    ready = candidate(output_type=OutputType.RECORDING, media_url="https://video.example.org/1", transcript_url="https://video.example.org/1.vtt")
    assert decide(ready, Action.PUBLISH, actor_id=2) == OutputState.PUBLISHED


def test_images_without_alt_text_block_publication():
    with pytest.raises(WorkflowBlocked) as blocked:
        decide(candidate(images_without_alt=1), Action.PUBLISH, actor_id=2)
    assert blocked.value.blockers == [Blocker.IMAGE_WITHOUT_ALT]


def test_steps_only_from_the_right_state():
    with pytest.raises(WorkflowBlocked):
        decide(candidate(state=OutputState.DRAFT), Action.PUBLISH, actor_id=2)
    with pytest.raises(WorkflowBlocked):
        decide(candidate(state=OutputState.PUBLISHED), Action.SUBMIT, actor_id=2)
    assert allowed_actions(OutputState.PUBLISHED) == [Action.WITHDRAW]
    assert decide(candidate(state=OutputState.WITHDRAWN), Action.REOPEN, actor_id=1) == OutputState.DRAFT
