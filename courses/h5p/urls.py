"""The H5P player and files, outside the language prefix (the player may be served from a
separate origin, H5P_PLAYER_ORIGIN)."""

app_name = "h5p"
urlpatterns = []
