"""REST API of the directory app: serializers and view sets, routed in hezuo/api_urls.py."""
