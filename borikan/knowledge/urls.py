from django.urls import path

from borikan.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.search, name="search"),
    path("suggest/", views.suggest, name="suggest"),
    path("new/", views.article_new, name="new"),
    path("<int:pk>/", views.article_detail, name="detail"),
    path("<int:pk>/edit/", views.article_edit, name="edit"),
    path("<int:pk>/files/", views.article_file_add, name="file_add"),
    path("<int:pk>/files/<int:file_pk>/", views.article_file, name="file"),
    path("basket/", views.basket_panel, name="basket"),
    path("basket/add/", views.basket_item_add, name="basket_add"),
    path("basket/remove/", views.basket_item_remove, name="basket_remove"),
    path("basket/forget/", views.basket_forget, name="basket_forget"),
    path("baskets/<int:pk>/client/", views.basket_client, name="basket_client"),
    path("baskets/<int:pk>/send/", views.basket_send_view, name="basket_send"),
    path("baskets/<int:pk>/link/", views.basket_link_view, name="basket_link"),
]
