from tests.archive.conftest import editor, make_output, second_editor, storage  # noqa: F401
from tests.images.conftest import editor_client, organiser_client  # noqa: F401
from tests.matching.conftest import make_question  # noqa: F401
