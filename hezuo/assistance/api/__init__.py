"""REST API of the assistance app: serializers and view sets, routed in hezuo/api_urls.py."""
