"""Pure domain logic: standard library only, time always passed in."""
