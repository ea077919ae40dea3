"""The demo archive: published, findable, and loaded once however often the loader runs."""
from talkshow_app.archive import catalogue
from talkshow_app.archive import demo as archive_demo
from talkshow_app.labs import demo as labs_demo
from talkshow_app.series import demo as series_demo


def test_demo_outputs_are_published_findable_and_idempotent(db, client):
    series_demo.load()
    labs_demo.load()
    created = archive_demo.load()
    assert created >= 5
    assert archive_demo.load() == 0
    result = catalogue.search(catalogue.parse_filters({"q": "buren"}), with_facets=False)
    assert "Verslag: Wie kent zijn buren nog?" in [o.title for o in result.items]
    recording = client.get("/archive/opname-wie-kent-zijn-buren-nog").get_data(as_text=True)
    assert "ondertiteling.vtt" in recording
    talkshow_page = client.get("/talkshows/wie-kent-zijn-buren-nog").get_data(as_text=True)
    assert "Verslag: Wie kent zijn buren nog?" in talkshow_page
    assert "Fotoserie" not in talkshow_page  # waits for the editorial board
    assert client.get("/archive/fotoserie-wie-kent-zijn-buren-nog").status_code == 404
