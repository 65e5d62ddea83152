int bottom_count;
