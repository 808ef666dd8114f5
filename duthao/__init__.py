"""The composition root: the CLI, `serve`, and the replay of Chỉ thị 22-CT/TU."""
