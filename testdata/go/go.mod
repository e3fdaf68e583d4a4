module fluoro.dev/testdata/gofixture

go 1.19
