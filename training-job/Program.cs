using Recommender.TrainingJob.Commands;

return CommandRunner.Run(args, Console.Out, Console.Error);
