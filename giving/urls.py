app_name = "giving"

urlpatterns = []
