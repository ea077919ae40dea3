"""Editorial use cases against the database: files, refusals, workflow, audit trail."""
from datetime import date

import pytest
from sqlalchemy import func, select

from talkshow_app.archive import attachments, board, editing, errors, inputs, review
from talkshow_app.archive.kinds import OutputState, OutputType
from talkshow_app.archive.models import AuditEntry, KnowledgeOutput, OutputFile

from .conftest import PDF_BYTES, PNG_BYTES, stored_files


@pytest.fixture(autouse=True)
def request_context(app):
    """Messages are lazy strings; reading them needs a locale, which comes from a request (English here)."""
    with app.test_request_context("/?lang=en"):
        yield


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_with_a_pdf_stores_it_under_a_random_name(db, editor, storage, make_theme):
    theme = make_theme(name="Wonen")
    output = editing.create_output(
        inputs.OutputDraft(title="Verslag wijkavond", output_type="report", theme_ids=[theme.id]),
        editor, storage, files=[inputs.Upload("../../etc/Verslag wijkavond.pdf", PDF_BYTES)],
    )
    stored = output.files[0]
    assert stored.original_name == "Verslag wijkavond.pdf"
    assert stored.content_type == "application/pdf" and stored.size == len(PDF_BYTES)
    assert stored_files(storage) == [stored.stored_name]
    assert (storage.folder / stored.stored_name).read_bytes() == PDF_BYTES
    assert output.state == OutputState.DRAFT and output.licence == "CC BY 4.0"
    assert [e.action for e in output.audit_entries] == ["file_added", "created"]


@pytest.mark.parametrize(
    "filename, data, expected",
    [
        ("verslag.pdf", b"#!/bin/sh\necho pwned\n", "not really a PDF file"),
        ("verslag.pdf", b"<html><body onload=alert(1)>", "not really a PDF file"),
        ("../../etc/passwd", b"root:x:0:0", "Only PDF, PNG"),
        ("groot.pdf", PDF_BYTES + b"0" * 5000, "larger than the archive accepts"),
    ],
)
def test_hostile_uploads_store_nothing(db, editor, app, filename, data, expected):
    storage = inputs.Storage(inputs.Storage.from_config(app.config).folder, max_file_bytes=4000)
    with pytest.raises(errors.ArchiveError) as refused:
        editing.create_output(
            inputs.OutputDraft(title="Kwaadaardig", output_type="report"), editor, storage, files=[inputs.Upload(filename, data)]
        )
    assert expected in str(refused.value.message) and refused.value.field == "file"
    assert count(db, KnowledgeOutput) == 0 and count(db, OutputFile) == 0 and count(db, AuditEntry) == 0
    assert stored_files(storage) == []


def test_images_need_alt_text(db, editor, storage):
    with pytest.raises(errors.ArchiveError) as refused:
        editing.create_output(inputs.OutputDraft(title="Foto's", output_type="photo_series"), editor, storage, files=[inputs.Upload("a.png", PNG_BYTES)])
    assert refused.value.field == "alt_text"
    assert stored_files(storage) == [] and count(db, KnowledgeOutput) == 0
    output = editing.create_output(
        inputs.OutputDraft(title="Foto's", output_type="photo_series"), editor, storage,
        files=[inputs.Upload("a.png", PNG_BYTES, alt_text="Publiek in de zaal")],
    )
    assert output.files[0].alt_text == "Publiek in de zaal"


def test_a_failed_commit_removes_the_written_file(db, editor, storage, monkeypatch):
    def broken_commit():
        raise RuntimeError("database went away")

    monkeypatch.setattr(db.session, "commit", broken_commit)
    with pytest.raises(RuntimeError):
        editing.create_output(inputs.OutputDraft(title="X", output_type="report"), editor, storage, files=[inputs.Upload("x.pdf", PDF_BYTES)])
    assert stored_files(storage) == []


def test_workflow_with_four_eyes_and_an_audit_trail(db, editor, second_editor, storage):
    output = editing.create_output(inputs.OutputDraft(title="Samenvatting", output_type="summary", abstract="Kort"), editor, storage)
    review.transition(output.id, "submit", editor)
    with pytest.raises(errors.ArchiveError) as refused:
        review.transition(output.id, "publish", editor)
    assert "another editor must publish" in str(refused.value.message)
    published = review.transition(output.id, "publish", second_editor, today=date(2026, 4, 1))
    assert published.state == OutputState.PUBLISHED and published.published_on == date(2026, 4, 1)
    assert published.published_at is not None
    with pytest.raises(errors.ArchiveError) as no_reason:
        review.transition(output.id, "withdraw", second_editor)
    assert no_reason.value.field == "comment"
    review.transition(output.id, "withdraw", second_editor, comment="Bevat een fout in de cijfers.")
    trail = board.editable_output(output.id).audit_entries
    assert [(e.action, e.actor_id) for e in reversed(trail)] == [
        ("created", editor.id), ("submit", editor.id), ("publish", second_editor.id), ("withdraw", second_editor.id),
    ]
    assert board.editable_output(output.id).comments[0].body == "Bevat een fout in de cijfers."


def test_recordings_are_refused_without_transcript(db, editor, second_editor, storage):
    output = editing.create_output(
        inputs.OutputDraft(title="Opname", output_type=OutputType.RECORDING, media_url="https://video.example.org/avond-1"), editor, storage
    )
    review.transition(output.id, "submit", editor)
    with pytest.raises(errors.ArchiveError) as refused:
        review.transition(output.id, "publish", second_editor)
    assert "transcript or captions" in str(refused.value.message)
    assert board.editable_output(output.id).state == OutputState.IN_REVIEW
    editing.update_output(
        output.id,
        inputs.OutputDraft(title="Opname", output_type="recording", media_url="https://video.example.org/avond-1", transcript_url="https://video.example.org/avond-1.vtt"),
        editor,
    )
    assert review.transition(output.id, "publish", second_editor).state == OutputState.PUBLISHED


def test_edits_are_audited_with_the_fields_that_changed(db, editor, storage):
    output = editing.create_output(inputs.OutputDraft(title="Artikel", output_type="article"), editor, storage)
    editing.update_output(output.id, inputs.OutputDraft(title="Artikel (herzien)", output_type="article", body="Nieuwe tekst"), editor)
    entry = board.editable_output(output.id).audit_entries[0]
    assert entry.action == "edited" and entry.detail == "title, body"


def test_links_must_be_web_addresses(db, editor, storage):
    with pytest.raises(errors.ArchiveError) as refused:
        editing.create_output(inputs.OutputDraft(title="Opname", output_type="recording", media_url="javascript:alert(1)"), editor, storage)
    assert refused.value.field == "media_url" and count(db, KnowledgeOutput) == 0


def test_removing_a_file_deletes_it_from_disk(db, editor, storage):
    output = editing.create_output(inputs.OutputDraft(title="Dia's", output_type="slides"), editor, storage, files=[inputs.Upload("d.pdf", PDF_BYTES)])
    attachments.remove_file(output.id, output.files[0].id, editor, storage)
    assert stored_files(storage) == [] and count(db, OutputFile) == 0


def test_published_outputs_change_only_through_review_again(db, editor, storage, make_output):
    output = make_output(title="Gepubliceerd verslag")
    with pytest.raises(errors.ArchiveError) as refused:
        editing.update_output(output.id, inputs.OutputDraft(title="Stiekem anders", output_type="report"), editor)
    assert "Withdraw it first" in str(refused.value.message)
    with pytest.raises(errors.ArchiveError):
        attachments.add_files(output.id, [inputs.Upload("extra.pdf", PDF_BYTES)], editor, storage)
    assert board.editable_output(output.id).title == "Gepubliceerd verslag"
    assert count(db, OutputFile) == 0 and stored_files(storage) == []


def test_write_use_cases_check_the_role_themselves(db, editor, make_user, storage, make_output):
    from talkshow_app.accounts.models import Role
    from talkshow_app.domain import DomainError, NotAllowed

    organiser = make_user(role=Role.ORGANISER)
    draft = inputs.OutputDraft(title="Niet van mij", output_type="report")
    output = make_output(publish=False)
    with pytest.raises(NotAllowed):
        editing.create_output(draft, organiser, storage)
    with pytest.raises(NotAllowed):
        editing.update_output(output.id, draft, organiser)
    with pytest.raises(NotAllowed):
        review.transition(output.id, "submit", organiser)
    with pytest.raises(NotAllowed):
        review.comment_on(output.id, organiser, "Mag ik niet")
    with pytest.raises(NotAllowed):
        attachments.add_files(output.id, [inputs.Upload("x.pdf", PDF_BYTES)], organiser, storage)
    assert board.editable_output(output.id).state == OutputState.DRAFT and stored_files(storage) == []
    refused = errors.ArchiveError("Kies een type.", field="output_type")
    assert isinstance(refused, DomainError) and refused.errors == {"output_type": ["Kies een type."]}


def test_unknown_outputs_and_files_are_the_apps_not_found(db, editor, storage, make_output):
    from talkshow_app.domain import NotFound

    output = make_output(publish=False)
    with pytest.raises(NotFound):
        board.editable_output(output.id + 1000)
    with pytest.raises(NotFound):
        attachments.remove_file(output.id, 999, editor, storage)
    with pytest.raises(NotFound):
        attachments.open_file(output, 999, storage)
