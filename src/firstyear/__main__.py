from firstyear.cli import main

main()
