using BenchmarkDotNet.Running;

// Pass BenchmarkDotNet's own arguments, e.g. --filter '*Scoring*' or --list flat.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
