using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Ehi.Benchmarks.CodecBenchmarks).Assembly).Run(args);
