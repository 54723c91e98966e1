package main

func Railway() Project { return NewProject("shop") }
