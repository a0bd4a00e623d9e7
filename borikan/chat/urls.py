from django.urls import path

from borikan.chat import views

app_name = "chat"
urlpatterns = [
    path("", views.console, name="console"),
    path("queue/", views.console_queue, name="queue"),
    path("kb/", views.console_kb, name="kb"),
    path("c/<str:public_id>/", views.console_conversation, name="conversation"),
    path("c/<str:public_id>/accept/", views.console_accept, name="accept"),
    path("c/<str:public_id>/files/", views.console_file, name="console_file"),
    path("c/<str:public_id>/transfer/", views.console_transfer, name="transfer"),
    path("c/<str:public_id>/close/", views.console_close, name="close"),
    path("c/<str:public_id>/case/", views.console_case, name="case"),
    path("c/<str:public_id>/transcript/", views.transcript, name="transcript"),
    path("files/<int:pk>/", views.file_download, name="file"),
    # The visitor's side, callable from the allowed websites.
    path("widget.js", views.widget_js, name="widget_js"),
    path("try/", views.try_page, name="try"),
    path("v/topics/", views.visitor_topics, name="visitor_topics"),
    path("v/start/", views.visitor_start, name="visitor_start"),
    path("v/<str:public_id>/files/", views.visitor_file, name="visitor_file"),
    path(
        "v/<str:public_id>/files/<int:pk>/",
        views.visitor_file_download,
        name="visitor_file_download",
    ),
]
