"""Manifests: the recipe of a picture or CSV, carried in the file, and read back into a scene.

A manifest is a JSON object: the full scene (surface or expression, optimizers with every
hyperparameter resolved, starts, steps, noise and seed), the playback and view options, the command
line, and the versions of landscapes, jax, optax, matplotlib and ffmpeg, under a format version.

    manifest_of(scene, view=..., playback=..., command=...) -> dict   # build one (build.py)
    read_manifest(path) -> dict          # from any file that carries one (extract.py)
    recipe_of(manifest) -> Recipe        # back into a Scene, view and playback options (recipe.py)
    load_recipe(path) -> Recipe          # both at once

Each file format's manifest is found by an extractor registered per suffix (`register_extractor`).
"""

from landscapes.manifest.build import FORMAT, FORMAT_VERSION, manifest_json, manifest_of, versions
from landscapes.manifest.extract import EXTRACTORS, beside, read_manifest, register_extractor
from landscapes.manifest.recipe import Recipe, load_recipe, recipe_of

__all__ = [
    "EXTRACTORS",
    "FORMAT",
    "FORMAT_VERSION",
    "Recipe",
    "beside",
    "load_recipe",
    "manifest_json",
    "manifest_of",
    "read_manifest",
    "recipe_of",
    "register_extractor",
    "versions",
]
