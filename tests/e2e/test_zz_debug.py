from .test_child_link_journey import *
from .pages import UnlockPage

def test_debug(app, open_page, iro):
    token = give_child_a_link(app, iro, name="Bart", age=7)
    with app.app_context():
        from participation.models import Child
        c = db.session.scalar(db.select(Child))
        children.set_secret(c, SecretKind.PICTURES, children.picture_secret(["star","fish","tree"]))
    p = open_page(); p.goto(f"/c/{token}")
    u = UnlockPage(p).arrive()
    u.give_pictures(("Fish", "Star", "Tree"))
    expect(u.wrong_secret_alert).to_be_visible()
    print(p.locator("main").inner_html())
    print(p.locator("main").aria_snapshot())
