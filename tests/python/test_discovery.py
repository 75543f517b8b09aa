"""The installed package is found the way Nebari finds plugins: the real
pluggy.PluginManager("nebari").load_setuptools_entrypoints("nebari"). The
hook specs come from the stand-in nebari.hookspecs (Nebari is not under test)."""
from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

import pluggy
import typer

import nebari_tfclock
import tfclock
from nebari import hookspecs
from nebari.plugins import NebariPluginManager


def test_the_installed_package_is_under_test():
    # run.sh installs the project into a venv; the sources in plugin/ are not imported.
    for module in (tfclock, nebari_tfclock, tfclock._tfclock):
        assert Path(module.__file__).resolve().is_relative_to(Path(sys.prefix).resolve()), module
    assert sys.prefix != sys.base_prefix  # a venv


def test_entry_point_loads_with_real_pluggy():
    pm = pluggy.PluginManager("nebari")
    pm.add_hookspecs(hookspecs)
    assert pm.load_setuptools_entrypoints("nebari") >= 1
    plugin = pm.get_plugin("nebari-tfclock")
    assert plugin is nebari_tfclock
    stages = [s for group in pm.hook.nebari_stage() for s in group]
    assert [s.name for s in stages] == ["tfclock"]
    assert stages[0].priority == 5
    assert issubclass(stages[0], hookspecs.NebariStage)


def test_plugin_list_finds_the_distribution_version():
    # `nebari plugin list` calls importlib.metadata.version(<plugin name>).
    assert importlib.metadata.version("nebari-tfclock") == tfclock.__version__
    eps = [ep for ep in importlib.metadata.entry_points(group="nebari")
           if ep.name == "nebari-tfclock"]
    assert len(eps) == 1 and eps[0].value == "nebari_tfclock"


def test_stage_order_after_bootstrap_before_01():
    names = [s.name for s in NebariPluginManager().ordered_stages]
    assert names[:3] == ["bootstrap", "tfclock", "01-terraform-state"]
    assert names.count("tfclock") == 1


def test_stage_is_inert_for_nebari(tmp_path):
    stage_cls = nebari_tfclock.nebari_stage()[0]
    stage = stage_cls(output_directory=tmp_path, config={"secret": "x"})
    assert stage.render() == {}
    assert stage.check({}, True) is True
    assert stage_cls.input_schema is None and stage_cls.output_schema is None


def test_subcommand_registered():
    app = typer.Typer()
    nebari_tfclock.nebari_subcommand(cli=app)
    assert [g.name for g in app.registered_groups] == ["tfclock"]
    sub = app.registered_groups[0].typer_instance
    assert [c.callback.__name__ for c in sub.registered_commands] == ["report"]
