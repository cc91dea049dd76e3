"""The H5P player and files, outside the language prefix (the player may be served from a
separate origin, H5P_PLAYER_ORIGIN)."""

from django.urls import path

from . import player

app_name = "h5p"
urlpatterns = []

# The player: every request is authorised by the signed token in its path (tokens.py).
urlpatterns += [
    path("t/<str:token>/", player.player, name="player"),
    path("t/<str:token>/h5p.json", player.h5p_json, name="player_h5p_json"),
    path("t/<str:token>/content/<path:path>", player.content_file, name="player_content"),
    path(
        "t/<str:token>/libraries/<str:folder>/<path:path>",
        player.library_file,
        name="player_library",
    ),
]
