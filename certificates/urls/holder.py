app_name = "holder"
urlpatterns = []
