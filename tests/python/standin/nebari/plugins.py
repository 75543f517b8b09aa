"""STAND-IN for nebari.plugins: the pluggy manager and the stage ordering rule."""
from __future__ import annotations

import itertools
from importlib import import_module

import pluggy

from nebari import hookspecs

DEFAULT_SUBCOMMAND_PLUGINS = ["_nebari.subcommands.deploy", "_nebari.subcommands.destroy"]
DEFAULT_STAGES_PLUGINS = ["_nebari.stages.builtin"]


class NebariPluginManager:
    def __init__(self) -> None:
        self.plugin_manager = pluggy.PluginManager("nebari")
        self.plugin_manager.add_hookspecs(hookspecs)
        self.plugin_manager.load_setuptools_entrypoints("nebari")
        self.load_plugins(DEFAULT_SUBCOMMAND_PLUGINS)

    def load_plugins(self, plugins):
        for name in plugins:
            module = import_module(name)
            try:
                self.plugin_manager.register(module, name)
            except ValueError:
                pass  # already registered

    def get_available_stages(self):
        self.load_plugins(DEFAULT_STAGES_PLUGINS)
        stages = itertools.chain.from_iterable(self.plugin_manager.hook.nebari_stage())
        sorted_stages = sorted(stages, key=lambda s: s.priority)  # stable
        visited, filtered = set(), []
        for stage in reversed(sorted_stages):  # duplicate names: the highest priority wins
            if stage.name in visited:
                continue
            filtered.insert(0, stage)
            visited.add(stage.name)
        return filtered

    @property
    def ordered_stages(self):
        return self.get_available_stages()

    def external_plugins(self):
        return [name for name, _ in self.plugin_manager.list_name_plugin()
                if not name.startswith("_nebari.")]
