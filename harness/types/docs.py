"""ToolBench's documentation records for tools and their APIs, field for field."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Parameter(BaseModel):
    """One entry of ``required_parameters`` / ``optional_parameters``.

    ``type`` is kept verbatim (ToolBench uses STRING, NUMBER, BOOLEAN, ENUM, DATE (YYYY-MM-DD), ...,
    and some files use lowercase ``string``); ``default`` keeps its JSON type because ToolBench
    copies it into ``example_value`` unchanged.
    """

    model_config = ConfigDict(extra="allow")

    name: str
    type: str = "STRING"
    description: str = ""
    default: Any = ""


class ApiDoc(BaseModel):
    """One API as listed in a query's ``api_list`` (ToolBench's field names)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    category_name: str
    tool_name: str
    api_name: str
    api_description: str = ""
    required_parameters: list[Parameter] = Field(default_factory=list)
    optional_parameters: list[Parameter] = Field(default_factory=list)
    method: str = "GET"
    template_response: Any = None

    @property
    def key(self) -> tuple[str, str]:
        """(tool_name, api_name): the pair ToolBench uses in ``relevant APIs``."""
        return (self.tool_name, self.api_name)


class ToolApi(BaseModel):
    """An API inside a tool file (``tools/<Category>/<tool>.json``); named ``name`` there."""

    model_config = ConfigDict(extra="allow")

    name: str
    url: str = ""
    description: str = ""
    method: str = "GET"
    required_parameters: list[Parameter] = Field(default_factory=list)
    optional_parameters: list[Parameter] = Field(default_factory=list)
    template_response: Any = None


class ToolDoc(BaseModel):
    """A tool file of ToolBench's tool environment."""

    model_config = ConfigDict(extra="allow")

    tool_name: str
    tool_description: str = ""
    title: str = ""
    pricing: str = ""
    home_url: str = ""
    host: str = ""
    api_list: list[ToolApi] = Field(default_factory=list)
    # Not in the JSON itself: ToolBench takes the category from the folder and the standard tool
    # name from the file name, so the reader fills these in.
    category_name: str = ""
    standard_tool_name: str = ""

    def api_docs(self) -> list[ApiDoc]:
        """This tool's APIs in the query-file ``api_list`` shape."""
        return [
            ApiDoc(
                category_name=self.category_name,
                tool_name=self.tool_name,
                api_name=api.name,
                api_description=api.description,
                required_parameters=api.required_parameters,
                optional_parameters=api.optional_parameters,
                method=api.method,
                template_response=api.template_response,
            )
            for api in self.api_list
        ]
