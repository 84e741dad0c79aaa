from tests.conftest import login, open_child_space


def test_iro_signs_in_and_child_opens_link(client, iro, child_with_link, app):
    child, token = child_with_link
    response = login(client, iro.email)
    assert response.status_code == 302
    page = client.get("/staff/caseload")
    assert "Robin" in page.get_data(as_text=True)
    child_client = app.test_client()
    response = open_child_space(child_client, token)
    assert response.status_code == 303
    home = child_client.get("/me/")
    assert "Ida Iro" in home.get_data(as_text=True)
