from django.urls import path

from borikan.chat.consumers import AgentConsumer, VisitorConsumer

# The visitor's socket checks its origin against CHAT_ALLOWED_ORIGINS itself (other websites);
# the console's goes through the staff stack (session, ALLOWED_HOSTS origin).
VISITOR_PATH = "/ws/chat/visitor/"
visitor_app = VisitorConsumer.as_asgi()
staff_websocket_urlpatterns = [path("ws/chat/agent/", AgentConsumer.as_asgi())]
