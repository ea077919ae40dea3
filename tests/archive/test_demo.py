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
    assert "Verslag: Wie kent zijn buren nog?" in client.get("/talkshows/wie-kent-zijn-buren-nog").get_data(as_text=True)
