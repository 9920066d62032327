from hezuo.base.filtersets import SearchFilterSet

from .models import BrokerageEvent, Interpreter, Registration


class BrokerageEventFilterSet(SearchFilterSet):
    search_fields = ("title_zh_hans", "title_ja", "title_en", "place")

    class Meta:
        model = BrokerageEvent
        fields = ["kind", "status", "program", "is_synthetic"]


class RegistrationFilterSet(SearchFilterSet):
    search_fields = (
        "organisation__name_zh_hans",
        "organisation__name_ja",
        "organisation__name_en",
    )

    class Meta:
        model = Registration
        fields = ["event", "needs_interpreter", "is_synthetic"]


class InterpreterFilterSet(SearchFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Interpreter
        fields = ["event", "is_synthetic"]
