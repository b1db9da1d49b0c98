using Recommender.TrainingJob.Commands;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await CommandRunner.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
