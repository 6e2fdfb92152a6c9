from dlint.cli import main

main()
