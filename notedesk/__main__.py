import sys

from notedesk.cli import main

sys.exit(main())
