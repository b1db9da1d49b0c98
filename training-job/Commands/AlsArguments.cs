using Recommender.Core.Als;

namespace Recommender.TrainingJob.Commands;

/// <summary>Reads the ALS hyperparameter options shared by train and bench.</summary>
internal static class AlsArguments
{
    public static AlsOptions Read(CommandArguments args, AlsOptions defaults)
    {
        string confidence = args.String("confidence") ?? (defaults.Confidence == ConfidenceScaling.Log ? "log" : "linear");
        string solver = args.String("solver") ?? (defaults.Solver == AlsSolverKind.Cholesky ? "cholesky" : "cg");
        return defaults with
        {
            Factors = args.Int("factors", defaults.Factors, 1, 1024),
            Iterations = args.Int("iterations", defaults.Iterations, 1, 1000),
            Regularization = (float)args.Double("regularization", defaults.Regularization, 0, 1e6),
            Alpha = (float)args.Double("alpha", defaults.Alpha, 0, 1e6),
            Epsilon = (float)args.Double("epsilon", defaults.Epsilon, 1e-9, 1e6),
            CgSteps = args.Int("cg-steps", defaults.CgSteps, 1, 100),
            Seed = args.Int("seed", defaults.Seed),
            Threads = args.Int("threads", defaults.Threads, 0, 1024),
            ComputeLoss = args.Flag("loss") || defaults.ComputeLoss,
            Confidence = confidence switch
            {
                "linear" => ConfidenceScaling.Linear,
                "log" => ConfidenceScaling.Log,
                _ => throw new UsageException($"--confidence must be linear or log, not '{confidence}'."),
            },
            Solver = solver switch
            {
                "cg" => AlsSolverKind.ConjugateGradient,
                "cholesky" => AlsSolverKind.Cholesky,
                _ => throw new UsageException($"--solver must be cg or cholesky, not '{solver}'."),
            },
        };
    }
}
