from digictl.cli import main

main()
