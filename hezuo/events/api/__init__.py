"""REST API of the events app: serializers and view sets, routed in hezuo/api_urls.py."""
