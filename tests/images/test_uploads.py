"""Uploading pictures in the organiser area and getting them back from the app's own domain."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from talkshow_app.images.models import StoredImage
from talkshow_app.series.models import Speaker, Talkshow
from tests.images.conftest import image_urls, jpeg_with_gps_and_rotation, noisy_png, png_bytes, upload


def _stored(db) -> int:
    return db.session.scalar(select(func.count()).select_from(StoredImage))


def _files(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"]) / "images"
    return sorted(p for p in folder.glob("*") if p.is_file()) if folder.exists() else []


def test_an_uploaded_jpeg_with_gps_comes_back_without_it(organiser_client, client, db, make_talkshow):
    talkshow = make_talkshow(slug="wonen")
    response = upload(organiser_client, "talkshow", talkshow.id, jpeg_with_gps_and_rotation(), alt="Publiek in de zaal")
    assert response.status_code == 302
    client.post("/logout")
    page = client.get("/talkshows/wonen").get_data(as_text=True)
    urls = image_urls(page)
    assert any(url.endswith(".jpg") for url in urls) and any(url.endswith(".webp") for url in urls)
    assert 'alt="Publiek in de zaal"' in page and "<picture" in page and 'type="image/webp"' in page
    for url in urls:
        served = client.get(url)
        assert served.status_code == 200, url
        assert "immutable" in served.headers["Cache-Control"] and "max-age=31536000" in served.headers["Cache-Control"]
        picture = Image.open(io.BytesIO(served.data))
        picture.load()
        exif = picture.getexif()
        assert dict(exif) == {} and not exif.get_ifd(0x8825), f"{url} still carries EXIF"
        assert "exif" not in picture.info
        assert picture.height > picture.width  # the EXIF orientation was applied: shown upright, portrait
        assert b"Spioncamera" not in served.data


def test_a_non_image_is_refused_with_a_message_and_nothing_is_stored(organiser_client, app, db, make_talkshow):
    talkshow = make_talkshow()
    response = upload(organiser_client, "talkshow", talkshow.id, b"%PDF-1.4\n%%EOF\n", alt="Een foto", name="x.jpg")
    assert response.status_code == 400
    assert "Dit bestand is geen afbeelding die wij kunnen lezen" in response.get_data(as_text=True)
    assert _stored(db) == 0 and _files(app) == []
    assert db.session.get(Talkshow, talkshow.id).image_id is None


def test_a_file_over_the_limit_is_refused_with_a_message_and_nothing_is_stored(
    organiser_client, app, db, make_talkshow
):
    talkshow = make_talkshow()
    data = noisy_png()
    assert len(data) > app.config["IMAGE_MAX_BYTES"]
    response = upload(organiser_client, "talkshow", talkshow.id, data, alt="Ruis", name="ruis.png")
    assert response.status_code == 400
    assert "De afbeelding is te groot" in response.get_data(as_text=True)
    assert _stored(db) == 0 and _files(app) == []


def test_alt_text_is_required_unless_marked_decorative(organiser_client, app, db, make_speaker):
    speaker = make_speaker(slug="amira")
    response = upload(organiser_client, "speaker", speaker.id, png_bytes(), alt="   ")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Beschrijf wat er op de afbeelding staat, of markeer haar als decoratief." in page
    assert 'aria-invalid="true"' in page
    assert _stored(db) == 0 and _files(app) == []

    assert upload(organiser_client, "speaker", speaker.id, png_bytes(), decorative=True).status_code == 302
    photo = db.session.get(Speaker, speaker.id).photo
    assert photo is not None and photo.decorative and photo.alt_text == ""
    assert 'alt=""' in organiser_client.get("/speakers/amira").get_data(as_text=True)


def test_replacing_and_removing_a_picture_removes_the_old_files(organiser_client, app, db, make_lab):
    lab = make_lab(slug="schilderswijk")
    assert upload(organiser_client, "lab", lab.id, png_bytes(colour=(10, 10, 10)), alt="Eerste").status_code == 302
    first = _files(app)
    assert upload(organiser_client, "lab", lab.id, png_bytes(colour=(90, 90, 90)), alt="Tweede").status_code == 302
    second = _files(app)
    assert len(second) == len(first) and not set(first) & set(second) and _stored(db) == 1
    assert 'alt="Tweede"' in organiser_client.get("/labs/schilderswijk").get_data(as_text=True)
    assert organiser_client.post(f"/organiser/images/lab/{lab.id}/remove").status_code == 302
    assert _stored(db) == 0 and _files(app) == []


def test_editors_picture_outputs_not_talkshows(editor_client, db, make_talkshow, make_output):
    output, talkshow = make_output(), make_talkshow()
    assert upload(editor_client, "talkshow", talkshow.id, png_bytes(), alt="x").status_code == 403
    assert _stored(db) == 0
    assert upload(editor_client, "output", output.id, png_bytes(), alt="Sheets van de avond").status_code == 302
    assert _stored(db) == 1
    assert 'alt="Sheets van de avond"' in editor_client.get(f"/archive/{output.slug}").get_data(as_text=True)


def test_organisers_picture_talkshows_not_outputs(organiser_client, db, make_output):
    output = make_output()
    assert upload(organiser_client, "output", output.id, png_bytes(), alt="x").status_code == 403
    assert _stored(db) == 0


def test_unknown_items_and_names_answer_404(organiser_client, client):
    assert upload(organiser_client, "talkshow", 999, png_bytes(), alt="x").status_code == 404
    assert organiser_client.get("/organiser/images/venue/1").status_code == 404
    assert client.get("/media/images/../../etc/passwd").status_code == 404
    assert client.get("/media/images/0123456789abcdef0123-320.jpg").status_code == 404
    assert client.get("/media/drawn/theme-onbekend-0123456789abcdef.png").status_code == 404


@pytest.mark.parametrize("kind", ["talkshow", "speaker", "lab"])
def test_the_edit_pages_link_to_the_picture(organiser_client, db, kind, make_talkshow, make_speaker, make_lab):
    item = {"talkshow": make_talkshow, "speaker": make_speaker, "lab": make_lab}[kind]()
    path = {
        "talkshow": f"/organiser/talkshows/{item.id}",
        "speaker": f"/organiser/speakers/{item.id}",
        "lab": f"/organiser/labs/{getattr(item, 'slug', '')}/edit",
    }[kind]
    page = organiser_client.get(path).get_data(as_text=True)
    assert f"/organiser/images/{kind}/{item.id}" in page
    assert organiser_client.get(f"/organiser/images/{kind}/{item.id}").status_code == 200
