"""REST API of the projects app: serializers and view sets, routed in hezuo/api_urls.py."""
