"""Offline class packs: the bundle zip and the handout PDF; uses site and profile."""
