from django.contrib import admin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ["name_zh_hans", "name_ja", "name_en", "aliases__name", "uscc"]
    list_display = ["name_zh_hans", "name_en", "kind", "country"]
