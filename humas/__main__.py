from humas.cli import main

main()
