"""The typesetter reads nothing from outside the project."""

import pytest

from whitepaper.diagnostics import BuildFailure


@pytest.mark.parametrize("url", ["file:///etc/hostname", "http://example.com/logo.png"])
def test_a_resource_outside_the_project_stops_the_build(builder, url):
    with pytest.raises(BuildFailure):
        builder.typesetter.layout(f'<html><body><img src="{url}"></body></html>', "")
