using System.CommandLine;
using System.Globalization;
using Recommender.Core.Als;

namespace Recommender.TrainingJob.Commands;

/// <summary>The ALS hyperparameter options of <c>train</c>, with the defaults of <see cref="AlsOptions"/>.</summary>
internal sealed class AlsOptionSet
{
    private static readonly AlsOptions _defaults = new();

    private readonly Option<int> _factors = CliOptions.Int("--factors", _defaults.Factors, "Latent factors per user and item", 1, 1024);
    private readonly Option<int> _iterations = CliOptions.Int("--iterations", _defaults.Iterations, "Full ALS iterations", 1, 1000);
    private readonly Option<double> _regularization = CliOptions.Double("--regularization", Widen(_defaults.Regularization), "L2 regularisation lambda", 0, 1e6);
    private readonly Option<double> _regExponent = CliOptions.Double("--reg-exponent", Widen(_defaults.RegularizationExponent), "Frequency-scaled regularisation: a row gets lambda * (its entries + unobserved weight * other side's rows)^nu; 0 = plain lambda", 0, 2);
    private readonly Option<double> _unobservedWeight = CliOptions.Double("--unobserved-weight", Widen(_defaults.UnobservedWeight), "Weight of the implicit zeros (scales Y^T Y); 1 = Hu et al.", 1e-6, 1e6);
    private readonly Option<double> _initScale = CliOptions.Double("--init-scale", Widen(_defaults.InitScale), "Initial factors are uniform in [0, scale)", 1e-9, 100);
    private readonly Option<double> _alpha = CliOptions.Double("--alpha", Widen(_defaults.Alpha), "Confidence scale alpha", 0, 1e6);
    private readonly Option<string> _confidence = CliOptions.Choice("--confidence", "linear", "Confidence of a strength r: 1 + alpha*r (linear) or 1 + alpha*log(1 + r/epsilon) (log)", "linear", "log");
    private readonly Option<double> _epsilon = CliOptions.Double("--epsilon", Widen(_defaults.Epsilon), "Epsilon of log confidence", 1e-9, 1e6);
    private readonly Option<string> _solver = CliOptions.Choice("--solver", "cg", "Row solver: warm-started conjugate gradient or exact Cholesky", "cg", "cholesky");
    private readonly Option<int> _cgSteps = CliOptions.Int("--cg-steps", _defaults.CgSteps, "Conjugate-gradient steps per row and half-iteration", 1, 100);
    private readonly Option<int> _seed = CliOptions.Int("--seed", _defaults.Seed, "Seed of the factor initialisation");
    private readonly Option<int> _threads = CliOptions.Int("--threads", _defaults.Threads, "Worker threads; 0 uses every processor", 0, 1024);
    private readonly Option<bool> _loss = CliOptions.Flag("--loss", "Compute the weighted loss after each iteration (costs about one extra half-iteration)");

    // 0.05f shown as a double would read 0.05000000074505806; the float's shortest text reads 0.05.
    private static double Widen(float value) => double.Parse(value.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[_factors, _iterations, _regularization, _regExponent, _unobservedWeight, _initScale, _alpha, _confidence, _epsilon, _solver, _cgSteps, _seed, _threads, _loss])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The hyperparameter options given on the command line (not --threads or --loss, which say how to run, not what to fit).</summary>
    public IReadOnlyList<string> GivenHyperparameters(ParseResult result) =>
        CliOptions.Given(result, [_factors, _iterations, _regularization, _regExponent, _unobservedWeight, _initScale, _alpha, _confidence, _epsilon, _solver, _cgSteps, _seed]);

    public AlsOptions Read(ParseResult result)
    {
        AlsOptions options = ReadValues(result);
        if (options.ComputeLoss && (options.ScalesRegularization || options.UnobservedWeight != 1f))
        {
            throw new UsageException("--loss computes the plain objective only; drop it or use --reg-exponent 0 and --unobserved-weight 1.");
        }

        return options;
    }

    private AlsOptions ReadValues(ParseResult result) => _defaults with
    {
        Factors = result.GetValue(_factors),
        Iterations = result.GetValue(_iterations),
        Regularization = (float)result.GetValue(_regularization),
        RegularizationExponent = (float)result.GetValue(_regExponent),
        UnobservedWeight = (float)result.GetValue(_unobservedWeight),
        InitScale = (float)result.GetValue(_initScale),
        Alpha = (float)result.GetValue(_alpha),
        Epsilon = (float)result.GetValue(_epsilon),
        CgSteps = result.GetValue(_cgSteps),
        Seed = result.GetValue(_seed),
        Threads = result.GetValue(_threads),
        ComputeLoss = result.GetValue(_loss),
        Confidence = result.GetValue(_confidence) == "log" ? ConfidenceScaling.Log : ConfidenceScaling.Linear,
        Solver = result.GetValue(_solver) == "cholesky" ? AlsSolverKind.Cholesky : AlsSolverKind.ConjugateGradient,
    };
}
