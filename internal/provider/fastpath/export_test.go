package fastpath

// StateFromJSON is stateFromJSON, for the tests of package fastpath_test.
var StateFromJSON = stateFromJSON
