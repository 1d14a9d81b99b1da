import { z } from "zod";

/** zod's messages in French for the whole server: they reach users in 400 answers and config errors. */
z.config(z.locales.fr());
