from django.urls import path

from projectmedia import views

app_name = "projectmedia"
urlpatterns = [
    path("<int:pk>/", views.document_download, name="document"),
]
