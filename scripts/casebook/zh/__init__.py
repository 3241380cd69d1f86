"""Chinese text primitives (cleaning, numbers, dates, place names) that know nothing of profiles; imports nothing of casebook."""
