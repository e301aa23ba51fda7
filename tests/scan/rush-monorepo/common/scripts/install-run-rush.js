// Rush launcher stand-in for the fixture.
