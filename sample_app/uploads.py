from flask import Blueprint

bp = Blueprint("uploads", __name__)
