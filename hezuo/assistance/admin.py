from django.contrib import admin

from .models import AssistanceProject, Household


@admin.register(AssistanceProject)
class AssistanceProjectAdmin(admin.ModelAdmin):
    search_fields = ["code", "title_zh_hans", "title_en"]
    list_display = ["code", "title_zh_hans", "county", "status"]


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    search_fields = ["number"]
    list_display = ["number", "village", "status"]
    raw_id_fields = ["village"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # once entered, the status changes only on the household's page or through the API,
        # which keep the status history (services.change_household_status)
        return ["status", "status_since"] if obj is not None else []
