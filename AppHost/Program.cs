Console.WriteLine("ReliabilityMcp AppHost");
