"""`python -m podcast.cli`: the same as the `roundup-podcast` command."""

from . import main

if __name__ == "__main__":
    main()
