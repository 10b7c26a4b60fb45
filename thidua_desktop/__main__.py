import sys

from thidua_desktop.app import main

sys.exit(main())
