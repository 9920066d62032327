"""REST API of the regions app: serializers and view sets, routed in hezuo/api_urls.py."""
