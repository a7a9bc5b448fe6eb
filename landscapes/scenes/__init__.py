"""The scene model: surface, optimizers, starts and steps; built-in scenes; scene files; composing."""
