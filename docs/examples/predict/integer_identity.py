"""Predict the outcome: what does pytest report when it runs this module?"""

from flask import Flask
from flask_jwt_extended import JWTManager, create_access_token, get_jwt_identity, jwt_required

app = Flask(__name__)
app.config["TESTING"] = True
app.config["JWT_SECRET_KEY"] = "a-test-secret-that-is-at-least-32-bytes-long"
JWTManager(app)


@app.get("/me")
@jwt_required()
def me():
    return {"user_id": get_jwt_identity()}


def test_token_for_user_42_identifies_user_42():
    """The endpoint reads the user's id back out of the token."""
    with app.app_context():
        token = create_access_token(identity=42)

    response = app.test_client().get("/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert response.get_json() == {"user_id": 42}
